"""Chart builders: pure functions from tables to Altair charts or pydeck decks (no streamlit)."""
