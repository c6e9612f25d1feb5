"""Read: articles from HTML pages, scraped text and JSONL records.

- :mod:`~tweetx.readers.articles`: files, directories and streams into
  :class:`~tweetx.model.Article`;
- :mod:`~tweetx.readers.encodings`: each file's encoding (BOM, UTF-8, the page's charset,
  Windows-1256);
- :mod:`~tweetx.readers.storage`: inputs by URL (fsspec) beside local paths;
- :mod:`~tweetx.readers.jsonvalues`: strict JSON values in and out (lone surrogates, NaN).
"""
