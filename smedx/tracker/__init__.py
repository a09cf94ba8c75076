"""Pilot-city tracker: reference data of the MoF/MIIT SME digital-transformation city pilots and the
progress-report store kept by officials (plain Python, no Streamlit).

Modules: ``schema`` (pandera schemas and KPI definitions), ``reference`` (reference loaders, coverage),
``store`` (SQLAlchemy store with audit log, optimistic locking and role check), ``migrate`` (Alembic),
``status`` (RAG per city), ``importer`` / ``exporter`` (CSV/XLSX), ``auth``, ``config``, ``messages``.
"""
