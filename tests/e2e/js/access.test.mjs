// Access control with aws-sdk-js v3: Object Ownership, Block Public Access and a public-read
// object fetched without credentials (fetch), then a bucket policy opening a prefix.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  S3Client,
  CreateBucketCommand,
  PutObjectCommand,
  GetBucketOwnershipControlsCommand,
  GetPublicAccessBlockCommand,
  DeletePublicAccessBlockCommand,
  PutPublicAccessBlockCommand,
  PutBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetObjectAclCommand,
} from "@aws-sdk/client-s3";
import { startServer, credentials } from "./server.mjs";

let server;
let s3;

before(async () => {
  server = await startServer();
  s3 = new S3Client({ endpoint: server.endpoint, region: "us-east-1", forcePathStyle: true, credentials });
});

after(async () => {
  s3?.destroy();
  const code = await server?.stop();
  assert.equal(code, 0, "server exits cleanly on SIGTERM");
});

test("defaults: BucketOwnerEnforced, Block Public Access on, ACLs refused", async () => {
  await s3.send(new CreateBucketCommand({ Bucket: "js-acl-default" }));
  const own = await s3.send(new GetBucketOwnershipControlsCommand({ Bucket: "js-acl-default" }));
  assert.deepEqual(own.OwnershipControls.Rules, [{ ObjectOwnership: "BucketOwnerEnforced" }]);
  const bpa = await s3.send(new GetPublicAccessBlockCommand({ Bucket: "js-acl-default" }));
  assert.deepEqual(bpa.PublicAccessBlockConfiguration, {
    BlockPublicAcls: true,
    IgnorePublicAcls: true,
    BlockPublicPolicy: true,
    RestrictPublicBuckets: true,
  });
  await assert.rejects(
    s3.send(new PutObjectCommand({ Bucket: "js-acl-default", Key: "k", Body: "x", ACL: "public-read" })),
    (e) => e.name === "AccessControlListNotSupported" && e.$metadata.httpStatusCode === 400,
  );
});

test("public-read under ObjectWriter with Block Public Access off, fetched anonymously", async () => {
  const Bucket = "js-acl-public";
  await s3.send(new CreateBucketCommand({ Bucket, ObjectOwnership: "ObjectWriter" }));
  await s3.send(new DeletePublicAccessBlockCommand({ Bucket }));
  await s3.send(new PutObjectCommand({ Bucket, Key: "a.txt", Body: "hello", ACL: "public-read" }));
  const acl = await s3.send(new GetObjectAclCommand({ Bucket, Key: "a.txt" }));
  assert.ok(acl.Grants.some((g) => g.Grantee.URI?.endsWith("/AllUsers") && g.Permission === "READ"));
  const r = await fetch(`${server.endpoint}/${Bucket}/a.txt`);
  assert.equal(r.status, 200);
  assert.equal(await r.text(), "hello");
});

test("a bucket policy opens a prefix", async () => {
  const Bucket = "js-policy";
  await s3.send(new CreateBucketCommand({ Bucket }));
  await s3.send(
    new PutPublicAccessBlockCommand({
      Bucket,
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: false,
        RestrictPublicBuckets: false,
      },
    }),
  );
  const Policy = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `arn:aws:s3:::${Bucket}/pub/*` }],
  });
  await s3.send(new PutBucketPolicyCommand({ Bucket, Policy }));
  const status = await s3.send(new GetBucketPolicyStatusCommand({ Bucket }));
  assert.equal(status.PolicyStatus.IsPublic, true);
  await s3.send(new PutObjectCommand({ Bucket, Key: "pub/x", Body: "open" }));
  await s3.send(new PutObjectCommand({ Bucket, Key: "priv/x", Body: "closed" }));
  assert.equal(await (await fetch(`${server.endpoint}/${Bucket}/pub/x`)).text(), "open");
  assert.equal((await fetch(`${server.endpoint}/${Bucket}/priv/x`)).status, 403);
});
