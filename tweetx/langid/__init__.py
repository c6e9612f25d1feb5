"""Identify: a tweet's script, language and Persian variety.

- :mod:`~tweetx.langid.identifier`: :func:`~tweetx.langid.identifier.identify`, the rules (script,
  marker letters, words) and the order in which evidence is weighed;
- :mod:`~tweetx.langid.ngrams`: the character n-gram models, their data in ``models/``, and the
  calibration (``calibration.json``) that turns a decision into a confidence.
"""
