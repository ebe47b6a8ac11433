"""Stories: interviews with consent, transcripts, summaries the person revises and approves, coding
and quotes (issue 8). So far this package holds the format and speech-to-text libraries the app
will stand on (``transcripts``, ``refiqda``); they touch no database and are not a Django app yet."""
