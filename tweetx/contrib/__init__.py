"""Glue for other ecosystems, each importing its framework only when used (``tweetx.contrib.scrapy``
needs ``pip install tweetx[scrapy]``); ``import tweetx`` imports none of them."""
