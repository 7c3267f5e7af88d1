"""Chat turns: conversations, prompts and the flow from the employee's text to the model and back."""
