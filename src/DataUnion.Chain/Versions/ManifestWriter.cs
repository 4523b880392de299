using System.Globalization;
using System.Text.Json;
using DataUnion.Chain.Signing;
using DataUnion.Core.Fairness;

namespace DataUnion.Chain.Versions;

/// <summary>
/// Writes a version's manifest. The consent's EIP-712 domain and types are written once, under
/// <c>consent</c>; each image carries its own <c>message</c> and signature, so an image's typed
/// data is that shared part with its message.
/// </summary>
internal sealed class ManifestWriter(VersionContent content)
{
    private readonly VersionContent.Addresses _addresses = new();

    public void Write(Utf8JsonWriter w)
    {
        var terms = content.Terms;
        w.WriteStartObject();
        w.WriteString("format", VersionContent.ManifestFormat);
        w.WriteNumber("chainId", terms.ChainId);
        w.WriteString("market", _addresses.Checksum(terms.Market));
        w.WriteString("versionId", terms.VersionId.ToString(CultureInfo.InvariantCulture));
        w.WriteString("datasetId", terms.DatasetId.ToString(CultureInfo.InvariantCulture));
        w.WriteString("dataset", terms.Dataset);
        w.WriteString("price", terms.Price.ToString(CultureInfo.InvariantCulture));
        w.WriteString("token", _addresses.Checksum(terms.Token));
        w.WriteString("created", terms.Created.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        w.WriteStartObject("licence");
        w.WriteString("id", terms.LicenceId);
        w.WriteString("hash", terms.LicenceHash);
        w.WriteString("text", terms.LicenceText);
        w.WriteEndObject();
        w.WriteStartArray("classes");
        foreach (var name in terms.Classes)
        {
            w.WriteStringValue(name);
        }

        w.WriteEndArray();
        w.WriteString("imagesRoot", VersionContent.Hex(content.ImageTree.Root));
        w.WriteString("sharesRoot", VersionContent.Hex(content.SharesTree.Root));
        w.WriteString("totalShares", content.TotalShares.ToString(CultureInfo.InvariantCulture));
        w.WriteNumber("imageCount", content.Images.Count);
        w.WriteStartObject("files");
        w.WriteString("annotations", VersionContent.AnnotationsPath);
        w.WriteString("imagesTree", VersionContent.ImagesTreePath);
        w.WriteString("sharesTree", VersionContent.SharesTreePath);
        w.WriteString("images", "images/");
        w.WriteEndObject();
        if (content.Composition is { } composition)
        {
            // Aggregates only: groups of fewer than k contributors, and figures that would reveal them, are withheld.
            w.WritePropertyName("composition");
            if (composition.Composition is { } figures)
            {
                JsonSerializer.Serialize(w, figures, CompositionJson.Options);
            }
            else
            {
                w.WriteStartObject();
                w.WriteString("unavailable", composition.Unavailable);
                w.WriteEndObject();
            }
        }

        WriteConsentTypes(w);
        w.WriteStartArray("images");
        foreach (var image in content.Images)
        {
            WriteImage(w, image);
        }

        w.WriteEndArray();
        w.WriteStartArray("shares");
        foreach (var (account, units) in content.Shares)
        {
            w.WriteStartObject();
            w.WriteString("account", _addresses.Checksum(account));
            w.WriteString("units", VersionContent.Number(units));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private void WriteConsentTypes(Utf8JsonWriter w)
    {
        var shared = ConsentSigner.ToJson(content.Terms.ChainId, content.Terms.Market, content.Images[0].Consent);
        shared.Remove("message");
        w.WritePropertyName("consent");
        shared.WriteTo(w);
    }

    private void WriteImage(Utf8JsonWriter w, VersionImage image)
    {
        var consent = image.Consent;
        w.WriteStartObject();
        w.WriteString("cid", image.Cid);
        w.WriteString("file", image.FileName);
        w.WriteNumber("width", image.Width);
        w.WriteNumber("height", image.Height);
        w.WriteString("contributor", _addresses.Checksum(consent.Contributor));
        w.WriteString("consentHash", VersionContent.Hex(image.ConsentHash));
        w.WriteStartObject("consent");
        w.WriteStartObject("message");
        w.WriteString("contributor", _addresses.Checksum(consent.Contributor));
        w.WriteString("image", VersionContent.Hex(consent.Image));
        w.WriteString("dataset", consent.Dataset);
        w.WriteString("licence", consent.Licence);
        w.WriteString("licenceHash", VersionContent.Hex(consent.LicenceHash));
        w.WriteString("attributesHash", VersionContent.Hex(consent.AttributesHash));
        w.WriteString("deadline", consent.Deadline.ToString(CultureInfo.InvariantCulture));
        w.WriteEndObject();
        w.WriteString("signature", image.Signature);
        w.WriteString("signer", image.Signer);
        w.WriteEndObject();
        w.WriteStartArray("labelers");
        foreach (var labeler in image.Labelers.OrderBy(l => l, StringComparer.OrdinalIgnoreCase))
        {
            w.WriteStringValue(_addresses.Checksum(labeler));
        }

        w.WriteEndArray();
        w.WriteStartObject("shares");
        foreach (var (owner, units) in image.Shares.OrderBy(s => s.Key, StringComparer.OrdinalIgnoreCase))
        {
            w.WriteNumber(_addresses.Checksum(owner), units);
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }
}
