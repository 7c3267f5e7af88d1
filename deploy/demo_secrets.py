"""Write the secrets the compose demo's replicas share: `python deploy/demo_secrets.py > deploy/demo.env`.

Standard library only, so it runs on any machine with Python 3. The session secret is 48 random bytes
(KK-GPT wants at least 32), the encryption key a Fernet key (32 random bytes, URL-safe base64), the
database password 24 random bytes. Keep the file out of git (it is in .gitignore) and give it only to
the replicas and the database.
"""

import base64
import os
import secrets

if __name__ == "__main__":
    print(f"KKGPT_SECRET_KEY={secrets.token_urlsafe(48)}")
    print(f"KKGPT_ENCRYPTION_KEYS={base64.urlsafe_b64encode(os.urandom(32)).decode()}")
    print(f"POSTGRES_PASSWORD={secrets.token_urlsafe(24)}")
