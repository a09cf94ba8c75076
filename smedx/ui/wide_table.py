"""Wide tables on narrow screens: a "columns" control above the table, starting with a few key columns (the
server cannot know the screen width, so the reader widens the table when there is room)."""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence

import pandas as pd
import pyarrow as pa
import streamlit as st

from smedx.i18n import t
from smedx.ui.components import per_object

_ARROW: OrderedDict[tuple, tuple[pd.DataFrame, pa.Table]] = OrderedDict()  # (id(frame), columns) -> Arrow


def dataframe(frame: pd.DataFrame, lang: str, key: str, first: Sequence[str]) -> pd.DataFrame:
    """Show ``frame`` with the columns the reader picks (``first``, the key columns, to begin with; every
    column can be added back). Returns the frame as shown."""
    columns = list(frame.columns)
    default = [column for column in first if column in columns] or columns
    chosen = st.multiselect(t("common.columns", lang), columns, default=default, key=key,
                            placeholder=t("common.columns_placeholder", lang), help=t("common.columns_help", lang))
    picked = tuple(column for column in columns if column in chosen) or tuple(default)
    # a cached frame is converted to Arrow once per column choice, not on every rerun
    st.dataframe(per_object(_ARROW, frame, picked, lambda whole: pa.Table.from_pandas(whole[list(picked)],
                                                                                        preserve_index=False),
                            maxsize=16),
                 hide_index=True, placeholder="—")
    return frame[list(picked)]
