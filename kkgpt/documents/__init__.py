"""Documents in the chat: reading uploaded files, storing them shielded, and fitting long ones to the model."""
