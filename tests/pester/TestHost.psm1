# What every Pester file that changes the host asks first: root, in a private network and mount namespace (as
# .ci/pester makes one), never the machine's own, whose eth0 carries its only connection.

function Assert-TestHost {
    <#
    .SYNOPSIS
        Throws unless this process is root in a private network and mount namespace.
    .PARAMETER Why
        What the caller is about to do, for the message when it is not root.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Why)
    if ((Get-Item /proc/self/ns/net).LinkTarget -eq (Get-Item /proc/1/ns/net).LinkTarget) {
        throw 'Refusing to run in the machine''s initial network namespace: run the suite through bash .ci/pester, which makes a private one.'
    }
    if ((Get-Item /proc/self/ns/mnt).LinkTarget -eq (Get-Item /proc/1/ns/mnt).LinkTarget) {
        throw 'Refusing to run in the machine''s initial mount namespace: run the suite through bash .ci/pester.'
    }
    if ((& id -u) -ne '0') { throw "These tests need root ($Why)." }
}

Export-ModuleMember -Function Assert-TestHost
