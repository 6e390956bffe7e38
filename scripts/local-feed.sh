# Sourced by the package scripts: a nuget.config that adds only the local feed of packed packages. Restore finds it by
# walking up from a project; NuGet's default sources (the user-level config) still apply, so no registry's address is
# written here.
# Usage: write_local_feed_config DIR FEED
write_local_feed_config() {
    mkdir -p "$1"
    cat > "$1/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="local" value="$2" />
  </packageSources>
</configuration>
XML
}
