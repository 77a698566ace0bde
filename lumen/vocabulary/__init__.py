"""Names several layers share, importable without GL: feature names, and each pass kind's inputs and
parameter declarations. The exhibit validates against them; encode and passes implement them."""
