# Terraform and provider versions. google-beta is needed only for service identities
# (google_project_service_identity), which the GA provider does not have.
terraform {
  required_version = ">= 1.6.0"

  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 6.10"
    }
    google-beta = {
      source  = "hashicorp/google-beta"
      version = "~> 6.10"
    }
  }
}

provider "google" {
  project = var.project_id
  region  = var.region
  default_labels = {
    app = "saludtech"
    env = var.env
  }
}

provider "google-beta" {
  project = var.project_id
  region  = var.region
  default_labels = {
    app = "saludtech"
    env = var.env
  }
}
