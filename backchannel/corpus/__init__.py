"""Reading articles: files of any supported format and encoding become :class:`Document` s.

``iter_files`` walks a folder; ``read_file`` turns one file into documents (a JSON-lines
file holds several) or raises :class:`~backchannel.errors.ReadError` with a one-line reason.
"""
from backchannel.corpus.reader import ReadOptions, SUPPORTED, iter_files, read_file

__all__ = ["ReadOptions", "SUPPORTED", "iter_files", "read_file"]
