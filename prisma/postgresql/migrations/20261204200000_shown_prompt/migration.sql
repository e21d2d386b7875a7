-- The prompt last delivered to the person (issue 14, finding 3).
ALTER TABLE "Intake" ADD COLUMN "shownPromptId" TEXT;
