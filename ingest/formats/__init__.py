"""One module per file format that is more than plain text: each turns a file's bytes into text."""
