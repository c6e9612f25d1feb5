"""Write: the results of a run and the views made of them.

- :mod:`~tweetx.writers.files`: outputs that appear only when complete (stdout or an atomic file);
- :mod:`~tweetx.writers.partial`: resumable ``.part`` outputs; :mod:`~tweetx.writers.paths`: where
  each input's output goes, and the checks that no output overwrites an input;
- :mod:`~tweetx.writers.pages`: annotated HTML pages (the metadata inside the page);
- :mod:`~tweetx.writers.report`: the review page; :mod:`~tweetx.writers.export`: tables.
"""
