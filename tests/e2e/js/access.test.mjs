// Access control with aws-sdk-js v3: Object Ownership, Block Public Access and a public-read
// object fetched without credentials (fetch), then a bucket policy opening a prefix; ACL grants
// through the AccessControlPolicy document, bucket tagging, ListBuckets paging and the listing
// Owner (issue #17 parts 1-3, 7, 9).
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  CreateBucketCommand,
  PutObjectCommand,
  GetBucketOwnershipControlsCommand,
  GetPublicAccessBlockCommand,
  DeletePublicAccessBlockCommand,
  PutPublicAccessBlockCommand,
  PutBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetObjectAclCommand,
  PutObjectAclCommand,
  GetBucketAclCommand,
  PutBucketTaggingCommand,
  GetBucketTaggingCommand,
  DeleteBucketTaggingCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutBucketOwnershipControlsCommand,
} from "@aws-sdk/client-s3";
import { credentials, withBucket } from "./server.mjs";

let server;
let s3;

withBucket(null, {}, (started) => ({ server, s3 } = started));

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

test("ACL grants by canonical id round-trip through the AccessControlPolicy document", async () => {
  const Bucket = "js-acl-grants";
  await s3.send(new CreateBucketCommand({ Bucket, ObjectOwnership: "ObjectWriter" }));
  await s3.send(new PutObjectCommand({ Bucket, Key: "k", Body: "x" }));
  const owner = (await s3.send(new GetBucketAclCommand({ Bucket }))).Owner;
  assert.equal(owner.ID.length, 64);
  const other = "f".repeat(64);
  await s3.send(
    new PutObjectAclCommand({
      Bucket,
      Key: "k",
      AccessControlPolicy: {
        Owner: { ID: owner.ID },
        Grants: [
          { Grantee: { Type: "CanonicalUser", ID: owner.ID }, Permission: "FULL_CONTROL" },
          { Grantee: { Type: "CanonicalUser", ID: other }, Permission: "READ" },
        ],
      },
    }),
  );
  const acl = await s3.send(new GetObjectAclCommand({ Bucket, Key: "k" }));
  assert.equal(acl.Owner.ID, owner.ID);
  assert.deepEqual(
    acl.Grants.map((g) => [g.Grantee.Type, g.Grantee.ID, g.Permission]),
    [
      ["CanonicalUser", owner.ID, "FULL_CONTROL"],
      ["CanonicalUser", other, "READ"],
    ],
  );
  // Back to BucketOwnerEnforced: ACLs are disabled, PutObjectAcl refused, reads show the owner.
  await s3.send(
    new PutBucketOwnershipControlsCommand({
      Bucket,
      OwnershipControls: { Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] },
    }),
  );
  await assert.rejects(
    s3.send(new PutObjectAclCommand({ Bucket, Key: "k", ACL: "private" })),
    (e) => e.name === "AccessControlListNotSupported",
  );
});

test("bucket tagging: put, get, delete, and NoSuchTagSet after", async () => {
  const Bucket = "js-bucket-tags";
  await s3.send(new CreateBucketCommand({ Bucket }));
  const TagSet = [
    { Key: "team", Value: "media" },
    { Key: "env", Value: "test" },
  ];
  await s3.send(new PutBucketTaggingCommand({ Bucket, Tagging: { TagSet } }));
  const got = await s3.send(new GetBucketTaggingCommand({ Bucket }));
  assert.deepEqual(got.TagSet, TagSet);
  await s3.send(new DeleteBucketTaggingCommand({ Bucket }));
  await assert.rejects(s3.send(new GetBucketTaggingCommand({ Bucket })), (e) => {
    assert.equal(e.name, "NoSuchTagSet");
    assert.equal(e.$metadata.httpStatusCode, 404);
    return true;
  });
});

test("ListBuckets pages with MaxBuckets and ContinuationToken, filtered by Prefix", async () => {
  const names = ["js-page-a", "js-page-b", "js-page-c"];
  for (const Bucket of names) await s3.send(new CreateBucketCommand({ Bucket }));
  const seen = [];
  let ContinuationToken;
  let pages = 0;
  do {
    const page = await s3.send(new ListBucketsCommand({ MaxBuckets: 2, Prefix: "js-page-", ContinuationToken }));
    assert.ok(page.Buckets.length <= 2);
    assert.equal(page.Prefix, "js-page-");
    seen.push(...page.Buckets.map((b) => b.Name));
    ContinuationToken = page.ContinuationToken;
    pages += 1;
  } while (ContinuationToken);
  assert.deepEqual(seen, names);
  assert.equal(pages, 2);
});

test("the listing Owner is the bucket owner under BucketOwnerEnforced", async () => {
  const Bucket = "js-list-owner";
  await s3.send(new CreateBucketCommand({ Bucket }));
  await s3.send(new PutObjectCommand({ Bucket, Key: "k", Body: "x" }));
  const owner = (await s3.send(new GetBucketAclCommand({ Bucket }))).Owner.ID;
  const listed = await s3.send(new ListObjectsV2Command({ Bucket, FetchOwner: true }));
  assert.equal(listed.Contents[0].Owner.ID, owner);
  const plain = await s3.send(new ListObjectsV2Command({ Bucket }));
  assert.equal(plain.Contents[0].Owner, undefined);
});
