import type { RedshiftCopyOptions } from '../warehouse/redshift-dialect';

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

/**
 * What Redshift's COPY needs from the environment: REDSHIFT_IAM_ROLE (the role ARN it assumes to
 * read the bucket, or `default`) and the bucket's region (AWS_REGION / AWS_DEFAULT_REGION, sent
 * only when set: COPY assumes the cluster's region otherwise).
 */
export function resolveRedshiftCopyOptions(env: NodeJS.ProcessEnv = process.env): RedshiftCopyOptions {
  const iamRole = env.REDSHIFT_IAM_ROLE?.trim();
  if (!iamRole) {
    throw new Error(
      'Redshift target: REDSHIFT_IAM_ROLE is not set, and COPY needs a role to read the S3 bucket. Set it to the ARN of a role attached to the cluster or workgroup (arn:aws:iam::<account>:role/<name>) that may read S3_BUCKET, or to "default" for the namespace\'s default role. See README "Running on Redshift".',
    );
  }
  if (iamRole !== 'default' && !ROLE_ARN.test(iamRole)) {
    throw new Error(
      `Redshift target: REDSHIFT_IAM_ROLE "${iamRole}" is not an IAM role ARN. It looks like arn:aws:iam::123456789012:role/etl-workbook-redshift (or write "default").`,
    );
  }
  const region = (env.AWS_REGION ?? env.AWS_DEFAULT_REGION)?.trim();
  return { iamRole, ...(region ? { region } : {}) };
}
