// A bucket's settings view (#/settings/BUCKET): Block Public Access, the policy (S3's
// MalformedPolicy and BlockPublicPolicy refusals inline), Object Ownership, default encryption,
// tags and notification targets, each changed from the page and checked with an S3 client and
// with anonymous HTTP; the words about anonymous access follow the settings; every change is a
// console action in the journal; the layout holds at 1280x720 and 390 px, by keyboard too.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  CreateBucketCommand, PutObjectCommand, GetPublicAccessBlockCommand, GetBucketPolicyCommand,
  GetBucketOwnershipControlsCommand, GetBucketEncryptionCommand, GetBucketTaggingCommand,
  PutBucketNotificationConfigurationCommand, GetBucketNotificationConfigurationCommand,
  GetBucketVersioningCommand, ListObjectVersionsCommand,
} from "@aws-sdk/client-s3";
import { startConsole } from "./console_harness.mjs";
import { shoot } from "./console_ops_harness.mjs";

let c;
before(async () => {
  c = await startConsole();
  await c.client.send(new CreateBucketCommand({ Bucket: "site" }));
  await c.client.send(new PutObjectCommand({ Bucket: "site", Key: "public/hello.txt", Body: "hi" }));
  await c.client.send(new PutObjectCommand({ Bucket: "site", Key: "private.txt", Body: "secret" }));
});
after(async () => {
  await c?.stop();
});

const anonymous = async (key) => (await fetch(`${c.server.endpoint}/site/${key}`)).status;
const headline = () => c.page.locator("#access-headline").textContent();
const policyError = () => c.page.locator("#settings-policy-error");

async function openSettings() {
  await c.page.goto("about:blank"); // the same URL again would not navigate
  await c.open("#/settings/site");
  await c.page.getByRole("heading", { name: "site: settings" }).waitFor();
}

test("a new bucket: private, Block Public Access on, S3's defaults shown", { timeout: 90000 },
  async () => {
    // Reached from the object browser's toolbar.
    await c.open("#/b/site/");
    await c.page.getByRole("link", { name: "Bucket settings" }).click();
    await c.page.getByRole("heading", { name: "site: settings" }).waitFor();
    assert.equal(await headline(), "Objects are private: Block Public Access is on.");
    for (const name of ["Block public ACLs", "Ignore public ACLs", "Block public policies",
      "Restrict public buckets"]) {
      assert.equal(await c.page.getByLabel(name, { exact: true }).isChecked(), true, name);
    }
    assert.equal(await c.page.getByLabel("Owner of new objects").inputValue(),
      "BucketOwnerEnforced");
    assert.equal(await c.page.getByLabel("Algorithm").inputValue(), "AES256");
    assert.equal(await c.page.getByLabel("Block SSE-C uploads").isChecked(), true);
    assert.match(await c.page.locator("#access-lines").textContent(), /ACLs are disabled/);
    assert.match(await c.page.locator("#policy-public").textContent(), /No policy/);
    const overflow = await shoot(c.page, "settings");
    assert.deepEqual(overflow, { desktop: 0, phone: 0 });
  });

test("the policy: bad JSON, MalformedPolicy and BlockPublicPolicy refused inline; a public " +
  "policy opens public/ to anyone once Block Public Access is off", { timeout: 90000 }, async () => {
  await openSettings();
  const editor = c.page.getByLabel("Policy (JSON)");
  await editor.fill('{"Version": "2012-10-17",');
  await c.page.getByRole("button", { name: "Save policy" }).click();
  await policyError().waitFor();
  assert.match(await policyError().textContent(), /^Not valid JSON/);
  assert.equal(await editor.getAttribute("aria-invalid"), "true");

  // S3's own validation: an action that does not exist.
  await editor.fill(JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow",
    Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "s3:Fly",
    Resource: "arn:aws:s3:::site/*" }] }));
  await c.page.getByRole("button", { name: "Save policy" }).click();
  await c.page.locator("#settings-policy-error", { hasText: "MalformedPolicy" }).waitFor();
  assert.match(await policyError().textContent(), /Policy has invalid action/);

  // A public policy while "Block public policies" is on: S3's AccessDenied, explained.
  await c.page.getByRole("button", { name: "Insert an example" }).click();
  await c.page.getByRole("button", { name: "Save policy" }).click();
  await c.page.locator("#settings-policy-error", { hasText: "AccessDenied" }).waitFor();
  assert.equal(await anonymous("public/hello.txt"), 403);

  // Block Public Access off, by keyboard: Tab reaches each switch, Space flips it.
  await c.page.getByLabel("Block public ACLs", { exact: true }).focus();
  for (let i = 0; i < 4; i++) {
    await c.page.keyboard.press("Space");
    if (i < 3) await c.page.keyboard.press("Tab");
  }
  assert.equal(await c.page.getByLabel("Restrict public buckets").isChecked(), false);
  await c.page.getByRole("button", { name: "Save Block Public Access" }).click();
  await c.page.getByText("Saved Block Public Access.").waitFor();
  const pab = await c.client.send(new GetPublicAccessBlockCommand({ Bucket: "site" }));
  assert.deepEqual(pab.PublicAccessBlockConfiguration, { BlockPublicAcls: false,
    IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false });
  assert.equal(await headline(), "Objects are private: no policy or ACL grants anonymous access today.");

  await c.page.getByRole("button", { name: "Save policy" }).click();
  await c.page.getByText("Saved the bucket policy.").waitFor();
  const saved = JSON.parse((await c.client.send(new GetBucketPolicyCommand({ Bucket: "site" }))).Policy);
  assert.equal(saved.Statement[0].Resource, "arn:aws:s3:::site/public/*");
  await c.page.locator("#access-headline", { hasText: "Some of this bucket is public" }).waitFor();
  assert.match(await c.page.locator("#access-lines").textContent(),
    /Policy makes objects under public\/ readable by anyone\./);
  assert.match(await c.page.locator("#policy-public").textContent(), /public \(IsPublic true\)/);
  assert.equal(await anonymous("public/hello.txt"), 200);
  assert.equal(await anonymous("private.txt"), 403);
  await shoot(c.page, "settings-public");

  // "Restrict public buckets" back on: the policy no longer reaches anonymous requests.
  await c.page.getByLabel("Restrict public buckets").check();
  await c.page.getByRole("button", { name: "Save Block Public Access" }).click();
  await c.page.locator("#access-lines", { hasText: "Restrict public buckets\" is on" }).waitFor();
  assert.equal(await anonymous("public/hello.txt"), 403);

  await c.page.getByRole("button", { name: "Delete policy" }).click();
  await c.page.getByText("Deleted the bucket policy.").waitFor();
  await assert.rejects(c.client.send(new GetBucketPolicyCommand({ Bucket: "site" })),
    (e) => e.name === "NoSuchBucketPolicy");
  assert.match(await c.page.locator("#policy-public").textContent(), /No policy/);
});

test("Object Ownership, default encryption and tags saved through S3", { timeout: 90000 },
  async () => {
    await openSettings();
    await c.page.getByLabel("Owner of new objects").selectOption("ObjectWriter");
    await c.page.getByRole("button", { name: "Save Object Ownership" }).click();
    await c.page.getByText("Saved Object Ownership.").waitFor();
    const own = await c.client.send(new GetBucketOwnershipControlsCommand({ Bucket: "site" }));
    assert.equal(own.OwnershipControls.Rules[0].ObjectOwnership, "ObjectWriter");
    await c.page.locator("#access-lines", { hasText: "ACLs are enabled" }).waitFor();

    await c.page.getByLabel("Algorithm").selectOption("aws:kms");
    await c.page.getByLabel("KMS key id (optional)").fill("my-key");
    await c.page.getByLabel("Bucket key").check();
    await c.page.getByLabel("Block SSE-C uploads").uncheck();
    await c.page.getByRole("button", { name: "Save encryption" }).click();
    await c.page.getByText("Saved the default encryption.").waitFor();
    const enc = await c.client.send(new GetBucketEncryptionCommand({ Bucket: "site" }));
    const rule = enc.ServerSideEncryptionConfiguration.Rules[0];
    assert.equal(rule.ApplyServerSideEncryptionByDefault.SSEAlgorithm, "aws:kms");
    assert.match(rule.ApplyServerSideEncryptionByDefault.KMSMasterKeyID, /my-key/);
    assert.equal(rule.BucketKeyEnabled, true);
    assert.deepEqual(rule.BlockedEncryptionTypes?.EncryptionType, ["NONE"]);

    await c.page.getByRole("button", { name: "Add bucket tag" }).click();
    await c.page.getByLabel("bucket tag 1 key").fill("team");
    await c.page.getByLabel("bucket tag 1 value").fill("web + mobile");
    await c.page.getByRole("button", { name: "Add bucket tag" }).click();
    await c.page.getByLabel("bucket tag 2 key").fill("aws:nope");
    await c.page.getByLabel("bucket tag 2 value").fill("x");
    await c.page.getByRole("button", { name: "Save bucket tags" }).click();
    await c.page.locator("#settings-tags-error:not([hidden])").waitFor();
    assert.match(await c.page.locator("#settings-tags-error").textContent(), /InvalidTag/);
    await c.page.getByRole("button", { name: "Remove bucket tag 2" }).click();
    await c.page.getByRole("button", { name: "Save bucket tags" }).click();
    await c.page.getByText("Saved the bucket tags.").waitFor();
    const tags = await c.client.send(new GetBucketTaggingCommand({ Bucket: "site" }));
    assert.deepEqual(tags.TagSet, [{ Key: "team", Value: "web + mobile" }]);

    // Each change was a console action in the request journal.
    const journal = await (await fetch(`${c.server.endpoint}/_sandbox/requests`)).json();
    const entries = journal.requests ?? journal.entries ?? journal;
    for (const op of ["PutBucketOwnershipControls", "PutBucketEncryption", "PutBucketTagging",
      "PutPublicAccessBlock", "PutBucketPolicy"]) {
      const entry = entries.find((e) => JSON.stringify(e).includes(`"${op}"`));
      assert.ok(entry, `${op} in the journal`);
      assert.match(JSON.stringify(entry), /x-s3sandbox-console/, `${op} marked as the console's`);
    }
  });

test("notification targets: listed with their webhook; S3's refusal inline", { timeout: 90000 },
  async () => {
    const arn = "arn:aws:sqs:us-east-1:123456789012:uploads";
    const r = await fetch(`${c.server.endpoint}/_sandbox/notify-targets`, { method: "PUT",
      body: JSON.stringify({ arn, url: "http://127.0.0.1:9/hook" }) });
    assert.equal(r.status, 200);
    await c.client.send(new PutBucketNotificationConfigurationCommand({ Bucket: "site",
      SkipDestinationValidation: true,
      NotificationConfiguration: { QueueConfigurations: [{ QueueArn: arn,
        Events: ["s3:ObjectCreated:*"],
        Filter: { Key: { FilterRules: [{ Name: "prefix", Value: "in/" }] } } }] } }));
    await openSettings();
    const table = c.page.getByRole("table", { name: "Notification targets" });
    const row = table.locator("tbody tr");
    await row.first().waitFor();
    const text = await row.first().textContent();
    assert.match(text, /Queue/);
    assert.match(text, /arn:aws:sqs:us-east-1:123456789012:uploads/);
    assert.match(text, /s3:ObjectCreated:\*/);
    assert.match(text, /prefix=in\//i);
    assert.match(text, /http:\/\/127\.0\.0\.1:9\/hook/);
    // The long ARN scrolls inside its table on a phone; the page itself does not.
    assert.deepEqual(await shoot(c.page, "settings-notifications"), { desktop: 0, phone: 0 });

    await c.page.getByText("Edit the configuration (XML)").click();
    const xml = c.page.getByLabel("NotificationConfiguration (XML)");
    await xml.fill((await xml.inputValue()).replace("s3:ObjectCreated:*", "s3:ObjectBaked:*"));
    await c.page.getByRole("button", { name: "Save notifications" }).click();
    await c.page.locator("#settings-notifications-error", { hasText: "InvalidArgument" }).waitFor();
    await xml.fill("");
    await c.page.getByRole("button", { name: "Save notifications" }).click();
    await c.page.getByText("Saved the notification configuration.").waitFor();
    await table.getByText("No notification targets.").waitFor();
    const conf = await c.client.send(new GetBucketNotificationConfigurationCommand({ Bucket: "site" }));
    assert.equal(conf.QueueConfigurations, undefined);
    // S3's refusals (404 NoSuchBucketPolicy...) are logged by the browser as failed loads:
    // anything else is a script error.
    assert.deepEqual(c.errors.filter((e) => !/^Failed to load resource/.test(e)), []);
  });

test("the words about anonymous access, for settings the page cannot make in one click",
  async () => {
    await openSettings();
    const said = await c.page.evaluate(async () => {
      const { describeAccess } = await import("/_sandbox/console/js/bucket_access.js");
      const off = { BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false,
        RestrictPublicBuckets: false };
      const policy = (statement) => ({ Version: "2012-10-17", Statement: [statement] });
      return {
        conditional: describeAccess({ bucket: "b", pab: off, ownership: "BucketOwnerEnforced",
          policy: policy({ Effect: "Allow", Principal: { AWS: ["*"] }, Action: ["s3:GetObject",
            "s3:ListBucket"], Resource: ["arn:aws:s3:::b/*", "arn:aws:s3:::b"],
          Condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } } }) }),
        deny: describeAccess({ bucket: "b", pab: off, ownership: "BucketOwnerEnforced",
          policy: policy({ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "arn:aws:s3:::b/*" }) }),
        account: describeAccess({ bucket: "b", pab: null, ownership: "BucketOwnerEnforced",
          policy: policy({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" },
            Action: "s3:*", Resource: "arn:aws:s3:::b/*" }) }),
        acl: describeAccess({ bucket: "b", pab: off, ownership: "ObjectWriter", policy: null,
          aclGrants: ["READ to everyone"] }),
        ignored: describeAccess({ bucket: "b", pab: { ...off, IgnorePublicAcls: true },
          ownership: "ObjectWriter", policy: null, aclGrants: ["READ to everyone"] }),
      };
    });
    assert.equal(said.conditional.headline,
      "Anonymous requests that meet the policy's conditions can reach it.");
    assert.equal(said.conditional.open, false);
    assert.equal(said.conditional.lines[0], "Policy makes every object and the bucket itself " +
      "(listing) readable, listable by anyone (under the statement's conditions).");
    assert.equal(said.deny.open, false);
    assert.match(said.deny.lines[0], /grants nothing to anonymous requests/);
    assert.equal(said.account.headline,
      "Objects are private: no policy or ACL grants anonymous access today.");
    assert.equal(said.acl.open, true);
    assert.ok(said.acl.lines.includes("The bucket ACL grants READ to everyone."));
    assert.equal(said.ignored.open, false);
    assert.ok(said.ignored.lines.includes('Public ACLs are ignored ("Ignore public ACLs" is on).'));
  });

test("versioning: the Enabled/Suspended toggle, with what each state means", { timeout: 90000 },
  async (t) => {
    await c.client.send(new CreateBucketCommand({ Bucket: "kept" }));
    const probe = await c.client.send(new GetBucketVersioningCommand({ Bucket: "kept" }))
      .catch((e) => e);
    if (probe?.$metadata?.httpStatusCode === 501) {
      // This server has no versioning (the branch that adds it is merged separately): the
      // view shows no toggle at all, rather than one that can only fail.
      await c.page.goto("about:blank");
      await c.open("#/settings/kept");
      await c.page.getByRole("heading", { name: "kept: settings" }).waitFor();
      assert.equal(await c.page.locator("#settings-versioning").count(), 0);
      t.skip("GetBucketVersioning is 501 NotImplemented on this build: toggle not shown");
      return;
    }
    await c.page.goto("about:blank");
    await c.open("#/settings/kept");
    await c.page.getByRole("heading", { name: "kept: settings" }).waitFor();
    const state = c.page.locator("#versioning-state");
    assert.match(await state.textContent(), /^Never enabled/);
    await c.page.getByRole("button", { name: "Enable versioning" }).click();
    await c.page.getByText("Versioning is now enabled.").waitFor();
    assert.match(await state.textContent(), /^Enabled: every overwrite and delete keeps/);
    assert.equal((await c.client.send(new GetBucketVersioningCommand({ Bucket: "kept" }))).Status,
      "Enabled");
    // What it means, checked: an overwrite keeps the first version.
    await c.client.send(new PutObjectCommand({ Bucket: "kept", Key: "a.txt", Body: "one" }));
    await c.client.send(new PutObjectCommand({ Bucket: "kept", Key: "a.txt", Body: "two" }));
    const versions = await c.client.send(new ListObjectVersionsCommand({ Bucket: "kept" }));
    assert.equal(versions.Versions.length, 2);
    await c.page.getByRole("button", { name: "Suspend versioning" }).click();
    await c.page.getByText("Versioning is now suspended.").waitFor();
    assert.match(await state.textContent(), /^Suspended/);
    assert.equal((await c.client.send(new GetBucketVersioningCommand({ Bucket: "kept" }))).Status,
      "Suspended");
    assert.equal(await c.page.getByRole("button", { name: "Enable versioning" }).count(), 1);
  });
