"""Stage 3, render HTML: safe Markdown, exercise drawings, QR codes and the Jinja templates,
producing one inspectable HTML string per handout."""
