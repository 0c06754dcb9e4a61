"""Captures: the original of a source, kept byte for byte, and the proof that the working text is faithful to it.

`kinds` tells what a file is, `visible` reads the text a reader of the original sees (`archive` for
WARC and WACZ, `charset` for HTML bytes), `fixity` hashes it, `faithful` checks a working text
against it, and `add`, `fetch`, `extract`, `working`, `front_matter` make a new source from a file or a URL
(`dossier add`). The user's reference is docs/captures.md.
"""
