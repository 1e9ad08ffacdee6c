from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "openocmw.accounts"
    label = "accounts"
    verbose_name = "OCMW, gebruikers en audit"
