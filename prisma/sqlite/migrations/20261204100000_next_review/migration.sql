-- AlterTable
ALTER TABLE "Intake" ADD COLUMN "nextReviewAt" DATETIME;

-- AlterTable
ALTER TABLE "Handoff" ADD COLUMN "nextReviewAt" DATETIME;

-- CreateIndex
CREATE INDEX "Intake_nextReviewAt_idx" ON "Intake"("nextReviewAt");

-- CreateIndex
CREATE INDEX "Handoff_nextReviewAt_idx" ON "Handoff"("nextReviewAt");

-- Backfill: every existing row is due for one review (since its last change), so the first
-- sweep after the upgrade plans what the old every-row sweep would have planned.
UPDATE "Intake" SET "nextReviewAt" = "lastActivityAt";
UPDATE "Handoff" SET "nextReviewAt" = "createdAt";
