"""Live preview: build in memory, serve on 127.0.0.1, rebuild on change, reload the browser."""
