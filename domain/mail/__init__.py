"""E-mail: templates in Chinese and English, sending over SMTP (or to an outbox folder), unsubscribe links."""
