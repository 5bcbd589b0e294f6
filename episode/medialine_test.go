package episode

import "testing"

// TestMediaKeyAndLine: the build names the key and line of a media URL
// it could not probe; front matter values of a URL are kept as given.
func TestMediaKeyAndLine(t *testing.T) {
	content, static := testFolders()
	ep, diags := Parse(testPath, []byte(withKeys("series: s", "video: {url: 'https://cdn.example.org/e', type: video/mp4, length: 7}", "duration: '1:02:03'")), content, static, Options{})
	if ep == nil || ep.Media == nil {
		t.Fatalf("Parse = %v, %v", ep, diags)
	}
	if ep.MediaKey != "video" || ep.MediaLine != 5 {
		t.Errorf("media key %q at line %d, want video at line 5", ep.MediaKey, ep.MediaLine)
	}
	if ep.Media.Type != "video/mp4" || ep.Media.Length != 7 || ep.Duration.String() != "1h2m3s" {
		t.Errorf("media %+v, duration %v", ep.Media, ep.Duration)
	}
	if ep, _ := Parse(testPath, []byte(withKeys()), content, static, Options{}); ep.MediaKey != "" || ep.MediaLine != 0 {
		t.Errorf("without media: key %q, line %d", ep.MediaKey, ep.MediaLine)
	}
}
