# Remote state in a GCS bucket created once, outside this configuration (it must exist before `init`):
#   gcloud storage buckets create gs://<project>-tfstate --location=<region> \
#     --uniform-bucket-level-access --public-access-prevention --default-encryption-key=<optional CMEK>
#   gcloud storage buckets update gs://<project>-tfstate --versioning
# The bucket is chosen per environment at init time:
#   terraform init -backend-config="bucket=<project>-tfstate" -backend-config="prefix=saludtech/<env>"
terraform {
  backend "gcs" {}
}
