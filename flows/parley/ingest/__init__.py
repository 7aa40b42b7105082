"""Reading input files into raw documents and cleaning them into a body plus metadata."""
