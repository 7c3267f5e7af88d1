"""Who is logged in: employees from the development login, OIDC single sign-on or a development token."""
