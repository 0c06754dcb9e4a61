"""Stage 3, link: backlinks, mentions, quote anchors and figure series, computed once for every page."""
