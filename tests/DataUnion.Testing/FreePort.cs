using System.Net;
using System.Net.Sockets;

namespace DataUnion.Testing;

/// <summary>Ports on 127.0.0.1.</summary>
public static class FreePort
{
    /// <summary>A port that was free a moment ago.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
