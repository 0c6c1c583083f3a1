"""Ways other programs reach the assistant besides the command line and the page: the MCP server
(`rag mcp`). The JSON API lives beside the page in ui/api.py, since one `rag serve` serves both."""
