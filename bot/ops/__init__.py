"""Operations: health and metrics, logs, hot reload, and the unanswered-question report."""
