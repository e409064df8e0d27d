/**
 * A sample Telegram Mini App backend: it checks the app's signed init data ({@link
 * dev.silk.samples.miniapp.InitData}) and asks a Silk node for each user ({@link
 * dev.silk.samples.miniapp.MiniAppBackend}).
 */
package dev.silk.samples.miniapp;
