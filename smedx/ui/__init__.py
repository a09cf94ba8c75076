"""Streamlit-specific helpers: the only corner of smedx that imports streamlit."""
