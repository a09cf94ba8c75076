"""Slide-ready exports: chart images with title, source and link built in (PNG/SVG) and the briefing deck (PPTX)."""
