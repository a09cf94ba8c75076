"""smedx — domain package of the SME digital-transformation (中小企业数字化转型) dashboard.

Nothing in this package imports streamlit except the ``smedx.ui`` sub-package, so data loading,
geometry, the model and the tracker store can be used from a notebook or a test.
"""
