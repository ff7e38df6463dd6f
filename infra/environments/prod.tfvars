# Production: manifest sizing as declared, multi-region Firestore, deletion protection.
project_id             = "saludtech-prod"
region                 = "us-central1"
env                    = "prod"
firestore_location     = "nam5"
function_source_object = "source-REPLACE_WITH_GIT_SHA.zip"
api_domains            = ["api.saludtech.example"]
authorized_domains     = ["saludtech.example"]
log_level              = "INFO"
deletion_protection    = true
rate_limit_per_minute  = 1200
function_env = {
  SMTP_HOST = "smtp-relay.gmail.com"
  SMTP_PORT = "587"
  MAIL_FROM = "no-reply@saludtech.example"
}
secrets = {
  NOTIFY_WEBHOOK_SECRET = ["notifications"]
  NOTIFY_RECEIPT_SECRET = ["notifications"]
}
