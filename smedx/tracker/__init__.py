"""Pilot-city tracker: reference data of the MoF/MIIT SME digital-transformation city pilots and the
progress-report store kept by officials (plain Python, no Streamlit).

Modules: ``schema`` (pandera schemas and the KPI definitions), ``reference`` (reference loaders, coverage),
``rules`` (the one validation path of a report), ``records`` (plain records in and out of the store),
``models`` (ORM tables), ``engine`` (engines, driver errors → tracker errors), ``store`` / ``writes`` (reads and
audited, optimistically locked, role-checked writes), ``migrate`` (Alembic), ``changes`` (PostgreSQL change
feed), ``status`` (RAG per city), ``reading`` / ``cities`` / ``importer`` / ``exporter`` (CSV/XLSX with limits
enforced while reading), ``auth`` (accounts, sign-in guard), ``config``, ``messages``, ``view``.
"""
