"""The load bench's baseline: an empty Streamlit page with one slider and one 8-point Altair line."""
import altair as alt
import pandas as pd
import streamlit as st

x = st.slider("x", 0.0, 20.0, 5.0, 0.5, key="x")
points = pd.DataFrame({"t": range(8), "y": [x * step for step in range(8)]})
st.altair_chart(alt.Chart(points).mark_line().encode(x="t:Q", y="y:Q"))
