-- CreateTable
CREATE TABLE "Assessment" (
    "intakeId" TEXT NOT NULL PRIMARY KEY,
    "rubricVersion" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "band" TEXT NOT NULL,
    "eligibility" TEXT NOT NULL,
    "region" TEXT,
    "officeId" TEXT NOT NULL,
    "result" JSONB NOT NULL,
    "plan" JSONB NOT NULL,
    "planJa" TEXT NOT NULL,
    "planEn" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "Assessment_intakeId_fkey" FOREIGN KEY ("intakeId") REFERENCES "Intake" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Handoff" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "intakeId" TEXT NOT NULL,
    "officeId" TEXT NOT NULL,
    "region" TEXT,
    "status" TEXT NOT NULL,
    "claimedBy" TEXT,
    "claimedAt" DATETIME,
    "outcome" TEXT,
    "closedAt" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Handoff_intakeId_fkey" FOREIGN KEY ("intakeId") REFERENCES "Intake" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "HandoffEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "handoffId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "body" TEXT,
    "data" JSONB,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "HandoffEvent_handoffId_fkey" FOREIGN KEY ("handoffId") REFERENCES "Handoff" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "recipient" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "intakeId" TEXT,
    "payload" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "readAt" DATETIME
);

-- CreateIndex
CREATE UNIQUE INDEX "Handoff_intakeId_key" ON "Handoff"("intakeId");

-- CreateIndex
CREATE INDEX "Handoff_officeId_status_idx" ON "Handoff"("officeId", "status");

-- CreateIndex
CREATE INDEX "HandoffEvent_handoffId_idx" ON "HandoffEvent"("handoffId");

-- CreateIndex
CREATE INDEX "Notification_recipient_readAt_idx" ON "Notification"("recipient", "readAt");

-- CreateIndex
CREATE INDEX "Notification_intakeId_idx" ON "Notification"("intakeId");

