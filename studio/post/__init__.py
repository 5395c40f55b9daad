"""Post-production: filters, smooth motion, subtitles, narration, music and assembly, at native speed."""
