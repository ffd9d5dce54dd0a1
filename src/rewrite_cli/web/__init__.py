"""Articles from the web: pages fetched politely (robots.txt, a per-host delay, a cache)
and news feeds read into lists of article links."""
