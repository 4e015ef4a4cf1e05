"""One module per family of answers; each reader takes (Reader, Question) and returns
(answers best first, the hits it retrieved)."""
