-- CreateTable
CREATE TABLE "Reminder" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "intakeId" TEXT,
    "handoffId" TEXT,
    "dueAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "leaseOwner" TEXT,
    "leaseUntil" DATETIME,
    "idempotencyKey" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "createdBy" TEXT,
    "lastError" TEXT,
    "sentAt" DATETIME,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- AddColumn
-- Hand-written: Prisma's "RedefineTables" copy would drop and recreate Person, and with foreign
-- keys on inside the migration transaction that drop would cascade to every intake.
ALTER TABLE "Person" ADD COLUMN "remindersOptOut" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE UNIQUE INDEX "Reminder_idempotencyKey_key" ON "Reminder"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Reminder_status_dueAt_idx" ON "Reminder"("status", "dueAt");

-- CreateIndex
CREATE INDEX "Reminder_intakeId_idx" ON "Reminder"("intakeId");

-- CreateIndex
CREATE INDEX "Reminder_handoffId_idx" ON "Reminder"("handoffId");

