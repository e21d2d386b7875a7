-- CreateTable
CREATE TABLE "Person" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "channel" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "displayName" TEXT,
    "locale" TEXT,
    "officeId" TEXT,
    "address" JSONB,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Intake" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "personId" TEXT NOT NULL,
    "questionnaireVersion" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "state" JSONB NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "lastActivityAt" DATETIME NOT NULL,
    "completedAt" DATETIME,
    CONSTRAINT "Intake_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AnswerRecord" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "intakeId" TEXT NOT NULL,
    "questionId" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "raw" TEXT NOT NULL,
    "answeredAt" DATETIME NOT NULL,
    CONSTRAINT "AnswerRecord_intakeId_fkey" FOREIGN KEY ("intakeId") REFERENCES "Intake" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Person_channel_externalId_key" ON "Person"("channel", "externalId");

-- CreateIndex
CREATE INDEX "Intake_personId_status_idx" ON "Intake"("personId", "status");

-- CreateIndex
CREATE INDEX "Intake_status_lastActivityAt_idx" ON "Intake"("status", "lastActivityAt");

-- CreateIndex
CREATE INDEX "AnswerRecord_intakeId_questionId_idx" ON "AnswerRecord"("intakeId", "questionId");

