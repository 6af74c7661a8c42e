"""Reading an article: getting its bytes (``source``), decoding them (``decode``), their structure by
format (``structure``, ``markdown``, ``html``) and cleaning off page furniture (``clean``)."""
