/**
 * npm run teams:package  — writes dist/renkei-teams.zip (manifest.json, color.png, outline.png).
 *   MicrosoftAppId=<guid> npm run teams:package   fills in the bot's app id
 *   npm run teams:package -- --icons              redraws manifest/teams/*.png first
 */
import { join } from 'node:path';
import { projectRoot } from '../src/config.js';
import { writeTeamsIcons, writeTeamsPackage } from '../src/channels/teams/app-package.js';

const manifestDir = join(projectRoot, 'manifest', 'teams');
const outFile = join(projectRoot, 'dist', 'renkei-teams.zip');
const appId = process.env.MicrosoftAppId?.trim() || undefined;

if (process.argv.includes('--icons')) writeTeamsIcons(manifestDir);
const bytes = writeTeamsPackage(manifestDir, outFile, appId);
process.stdout.write(`wrote ${outFile} (${bytes} bytes${appId ? `, app id ${appId}` : ', placeholder app id'})\n`);
