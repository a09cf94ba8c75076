"""A researcher's own firm-level survey: read it (with limits), resolve places, aggregate weighted shares with
Wilson intervals on the Kish effective sample size, and compare them with the paper's published figures.

Uploaded data lives only in the caller's memory (the page keeps it in the user's session state): nothing in this
package writes to disk, to the database or to a process-wide cache.
"""
