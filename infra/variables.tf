# Inputs. Per-environment values live in environments/<env>.tfvars.

variable "project_id" {
  description = "GCP project to deploy into."
  type        = string
}

variable "region" {
  description = "Region for functions, buckets, the KMS key ring, Workflows and Eventarc (must offer Cloud HSM)."
  type        = string
  default     = "us-central1"
}

variable "env" {
  description = "Environment name; part of every resource name that must be unique."
  type        = string
  validation {
    condition     = contains(["dev", "prod"], var.env)
    error_message = "env must be dev or prod."
  }
}

variable "firestore_location" {
  description = "Firestore location: a multi-region (nam5, eur3) replicates synchronously across regions."
  type        = string
  default     = "nam5"
}

variable "function_source_object" {
  description = "Object name of the zipped build in the sources bucket (see README: Deploy to GCP), e.g. source-<git sha>.zip."
  type        = string
}

variable "api_domains" {
  description = "Domains of the public API host (Google-managed certificate). DNS A record → output api_ip."
  type        = list(string)
}

variable "authorized_domains" {
  description = "Domains allowed to sign users in with Identity Platform."
  type        = list(string)
  default     = []
}

variable "log_level" {
  description = "LOG_LEVEL for every function."
  type        = string
  default     = "INFO"
}

variable "min_instances_cap" {
  description = "Upper bound on each function's manifest minInstances: 0 in dev so nothing runs at rest."
  type        = number
  default     = 1000
}

variable "max_instances_cap" {
  description = "Upper bound on each function's manifest maxInstances (quota guard for small projects)."
  type        = number
  default     = 1000
}

variable "ingest_object_max_age_days" {
  description = "Originals still in ingest after this many days (stuck uploads) are deleted."
  type        = number
  default     = 7
}

variable "quarantine_object_max_age_days" {
  description = "Rejected uploads are kept this long for investigation, then deleted."
  type        = number
  default     = 30
}

variable "key_rotation_period" {
  description = "Rotation period of the symmetric HSM keys (seconds, with an s suffix)."
  type        = string
  default     = "7776000s" # 90 days
}

variable "deletion_protection" {
  description = "Protect Firestore and buckets from terraform destroy."
  type        = bool
  default     = true
}

variable "rate_limit_per_minute" {
  description = "Cloud Armor: requests per minute per client IP before throttling (gateway quota in front of the per-user limiter)."
  type        = number
  default     = 1200
}

variable "function_env" {
  description = "Extra non-secret environment variables for every function (e.g. SMTP_HOST, MAIL_FROM, RATE_LIMIT_*)."
  type        = map(string)
  default     = {}
}

variable "secrets" {
  description = "Secret Manager secrets (name → contexts whose functions get it as an env var of the same name). Add values with `gcloud secrets versions add`."
  type        = map(list(string))
  default     = {}
}

variable "console_origins" {
  description = "Extra origins (custom domains) the web console is served from; the API allows them for CORS."
  type        = list(string)
  default     = []
}
