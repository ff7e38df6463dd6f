# Development: scales to zero at rest, no deletion protection.
project_id             = "saludtech-dev"
region                 = "us-central1"
env                    = "dev"
firestore_location     = "us-central1"
function_source_object = "source-dev.zip"
api_domains            = ["api.dev.saludtech.example"]
authorized_domains     = ["dev.saludtech.example"]
log_level              = "DEBUG"
min_instances_cap      = 0
max_instances_cap      = 10
deletion_protection    = false
rate_limit_per_minute  = 600
function_env = {
  SMTP_HOST = "smtp-relay.gmail.com"
  SMTP_PORT = "587"
  MAIL_FROM = "no-reply@saludtech.example"
}
secrets = {
  NOTIFY_WEBHOOK_SECRET = ["notifications"]
  NOTIFY_RECEIPT_SECRET = ["notifications"]
}
