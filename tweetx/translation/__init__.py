"""Translate: tweets into the target language, offline.

- :mod:`~tweetx.translation.translator`: :class:`~tweetx.translation.translator.Translator`, routes
  (a package, or a pivot through English) and batching;
- :mod:`~tweetx.translation.decoding`: CTranslate2 models loaded once and called in batches;
- :mod:`~tweetx.translation.sentences`: sentence splitting before translation;
- :mod:`~tweetx.translation.entities`: handles, hashtags, links and emoji kept out of the model;
- :mod:`~tweetx.translation.packages`: installed Argos packages and installing them safely;
- :mod:`~tweetx.translation.cache`: the translation cache under ``TWEETX_HOME``.
"""
